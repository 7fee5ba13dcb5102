export { TracesSection } from './TracesSection';
