export * from './burnRate';
export * from './alertWindows';
export * from './sloSpec';
