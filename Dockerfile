# The fleet worker image: `npm start` (tools/start-worker.sh) on the build's JavaScript and
# prebuilt workflow bundle, production dependencies only. test/deploy/production-install.test.ts
# does what this file does, step by step, without a Docker engine.
#   docker build -t fleet-workflows:0.1.0 .
# Debian (glibc), not Alpine: the Temporal core bridge ships no musl binary.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY activities ./activities
COPY common ./common
COPY simulator ./simulator
COPY starters ./starters
COPY worker ./worker
COPY workflows ./workflows
# tsc into dist/, then the workflow bundle (dist/workflow-bundle.js) the worker loads instead of running webpack.
RUN npm run build

FROM node:22-bookworm-slim
# tini is PID 1: it forwards SIGTERM to the worker and reaps children, so `docker stop` and an
# ECS task stop start the worker's graceful shutdown instead of waiting for SIGKILL.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# A dependency the worker needs at run time but declared only in devDependencies breaks here, and in the test.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tools/start-worker.sh ./tools/start-worker.sh
COPY --from=build /app/dist ./dist
USER node
# The health endpoint is off unless set; the image turns it on for its own HEALTHCHECK.
ENV HEALTH_BIND_ADDRESS=127.0.0.1:8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8081/readyz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# What `npm start` runs; bash execs node, so the worker gets tini's signals directly.
CMD ["bash", "tools/start-worker.sh"]
