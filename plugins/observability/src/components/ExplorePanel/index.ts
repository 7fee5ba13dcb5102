export { ExplorePanel } from './ExplorePanel';
