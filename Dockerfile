# syntax=docker/dockerfile:1.7
# The GPU Fleet Console as one image: Next's standalone server (node server.js, no
# node_modules beyond what it traces) plus `fleet-db`, a bundled tool that migrates and
# seeds PostgreSQL. Built and run by deploy/compose and deploy/kubernetes.
#   docker build -t gpu-fleet-console .
# This machine has no Docker: its steps are ones `npm test` runs (next build with
# NEXT_OUTPUT=standalone, every e2e test against that server.js, and the same
# scripts/bundle-db-tool.mjs migrating and seeding the outage console's PostgreSQL), and
# deploy/deploy.test.ts keeps the files in step with the code.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
# The lockfile lists Next's native package for every system: `npm ci` installs the locked
# versions, the image's own native package among them.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run -s db:generate \
 && NEXT_OUTPUT=standalone NEXT_SKIP_TYPECHECK=1 node node_modules/next/dist/bin/next build \
 && node scripts/bundle-db-tool.mjs --outfile=dist/fleet-db.mjs

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 \
    MIGRATIONS_DIR=/app/prisma/migrations RUNBOOKS_DIR=/app/deploy/runbooks \
    DATASOURCES_FILE=/app/deploy/console/datasources.yml
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/dist/fleet-db.mjs ./fleet-db.mjs
COPY --from=build --chown=node:node /app/prisma/migrations ./prisma/migrations
COPY --from=build --chown=node:node /app/deploy/runbooks ./deploy/runbooks
COPY --from=build --chown=node:node /app/deploy/console ./deploy/console
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r => process.exit(r.status < 500 ? 0 : 1), () => process.exit(1))"
# Migrations first (`node fleet-db.mjs migrate`, idempotent, under an advisory lock), then the server.
# 128 KB of request header (Node's default is 16 KB): a GET of any query the console accepts reaches it (scripts/stack/services.ts).
CMD ["sh", "-c", "node fleet-db.mjs migrate && node fleet-db.mjs seed && exec node --max-http-header-size=131072 server.js"]
