# syntax=docker/dockerfile:1
#
# One image definition for all five services. Build one service with its target, e.g.
#   docker build --target analysis -t security-orchestrator/analysis .
# docker-compose.yml builds every target from this file.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# Shared settings for the stages that run npm.
FROM ${NODE_IMAGE} AS npm-base
WORKDIR /app
# Our tools must not phone home during the build either (Apollo, nx, Scarf via swagger-ui-dist).
ENV APOLLO_TELEMETRY_DISABLED=true \
    NX_NO_CLOUD=true \
    NX_DAEMON=false \
    SCARF_ANALYTICS=false \
    npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false

# ---------------------------------------------------------------------------------------------
# Compiles apps/ and libs/ with swc into dist/ (same layout as the source tree).
FROM npm-base AS build
COPY package.json package-lock.json ./
# --ignore-scripts: native code ships as prebuilt per-platform packages (swc, msgpackr), so no
# install script is needed to build, and none gets to download or report anything.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
COPY tsconfig.base.json tsconfig.json .swcrc ./
COPY scripts ./scripts
COPY proto ./proto
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# ---------------------------------------------------------------------------------------------
# Production dependencies only, installed apart from the build so dev tooling never reaches the image.
FROM npm-base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts

# ---------------------------------------------------------------------------------------------
# Everything the services share at run time. Files stay owned by root and the process runs as
# the unprivileged `node` user, so a compromised process cannot rewrite its own code.
FROM ${NODE_IMAGE} AS runtime-base
# tini as PID 1 forwards SIGTERM/SIGINT to node (which drains and closes cleanly) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    APOLLO_TELEMETRY_DISABLED=true \
    SCARF_ANALYTICS=false \
    HOST=0.0.0.0
# package.json carries "type": "module", which makes node load dist/**/*.js as ES modules.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Protos are loaded at run time: libs/contracts walks up from dist/libs/contracts/src/grpc to the
# first proto/ folder. `npm run build` puts a copy in dist/proto (found first); /app/proto keeps the
# image's layout the same as the repository's.
COPY proto ./proto
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
# Readiness, not just liveness: /health/ready checks the service's dependencies (Postgres, Redis, peers).
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||'3000')+'/health/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# ---------------------------------------------------------------------------------------------
# One target per service. HTTP_PORT is set in the image so the HEALTHCHECK above probes the right port.

FROM runtime-base AS gateway
ENV HTTP_PORT=3000 \
    GRPC_PORT=50050
EXPOSE 3000 50050
CMD ["node", "dist/apps/gateway/src/main.js"]

FROM runtime-base AS analysis
ENV HTTP_PORT=3001 \
    GRPC_PORT=50051
EXPOSE 3001 50051
CMD ["node", "dist/apps/analysis/src/main.js"]

FROM runtime-base AS integration
ENV HTTP_PORT=3002 \
    GRPC_PORT=50052
EXPOSE 3002 50052
CMD ["node", "dist/apps/integration/src/main.js"]

FROM runtime-base AS webhook
ENV HTTP_PORT=3003 \
    GRPC_PORT=50053
EXPOSE 3003 50053
CMD ["node", "dist/apps/webhook/src/main.js"]

FROM runtime-base AS notification
ENV HTTP_PORT=3004
EXPOSE 3004
CMD ["node", "dist/apps/notification/src/main.js"]
