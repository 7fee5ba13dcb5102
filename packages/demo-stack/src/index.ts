/**
 * The demo observability stack: three instrumented services plus helpers the integration tests use
 * to start real Prometheus and Alertmanager processes.
 *
 * @packageDocumentation
 */
export * from './serviceCatalog';
export * from './behaviour';
export * from './metrics';
export * from './demoServer';
export * from './trafficGenerator';
export * from './stack/binaries';
export * from './stack/renderConfig';
export * from './stack/managedProcess';
export * from './stack/demoStack';
export * from './stack/freePort';
export * from './traceStore/traceStoreServer';
export * from './traceStore/spanStore';
export * from './gitServer/gitHttpServer';
export * from './gitServer/names';
export * from './deployments/deployService';
