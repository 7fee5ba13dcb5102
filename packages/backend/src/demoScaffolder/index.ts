export { scaffolderModuleObservabilityDemo as default } from './demoScaffolderModule';
