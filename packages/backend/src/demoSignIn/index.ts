export { authModuleDemoProvider as default } from './demoSignInModule';
export { DEMO_USER_HEADER } from './demoPeople';
