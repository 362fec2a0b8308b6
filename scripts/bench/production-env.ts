/*
 * Imported first by the bench scripts: libraries read NODE_ENV from the process environment when they load (graphql-js
 * drops its development-only `instanceOf` checks, Express its development defaults), and every deployment sets
 * NODE_ENV=production there (Dockerfile, docker-compose.yml, deploy/kubernetes). The bench measures that, for the
 * gateway and for PostGraphile alike; the app's own config gets NODE_ENV=production explicitly as before.
 */
process.env.NODE_ENV = 'production';
