# Boomerang image (api, worker and migrate roles): build with the dev toolchain, run with production dependencies only.
# Node 22 LTS: the nearest supported line to the Node 20.19+ that package.json's engines and the tests also run on.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY integrations ./integrations
COPY web ./web
# The project's build (scripts/build.js, as npm start runs it); its incremental state is no use in the image.
RUN npm run build && rm -f dist/.tsbuildinfo

FROM node:22-bookworm-slim
# SHUTDOWN_DELAY_MS / SHUTDOWN_TIMEOUT_MS default to 5 s / 30 s in production (docs/deploying.md, "Shutdown timings").
ENV NODE_ENV=production PORT=4000 DATA_DIR=/app/.data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
# What the app writes as the non-root user: DATA_DIR (the embedded database of a development run). The code is the
# root's and read-only to it; TMPDIR is /tmp as usual.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
# PORT (api, all) and HEALTH_PORT (a worker's /healthz, /readyz, /metrics when set).
EXPOSE 4000 9464
# The app ends itself on SIGTERM: /readyz 503, SHUTDOWN_DELAY_MS, drain up to SHUTDOWN_TIMEOUT_MS, exit.
STOPSIGNAL SIGTERM
# Healthy when /healthz answers on PORT (api, all) or on HEALTH_PORT (a worker's, when set): whichever role runs, and
# whatever the other variable says (an API given HEALTH_PORT, say from shared settings, still listens on PORT only).
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "Promise.any([process.env.PORT||4000,process.env.HEALTH_PORT].filter(Boolean).map(p=>fetch('http://127.0.0.1:'+p+'/healthz').then(r=>{if(!r.ok)throw new Error(r.status)}))).then(()=>process.exit(0),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
