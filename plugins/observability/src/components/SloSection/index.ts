export { SloSection, SloSuggestion } from './SloSection';
