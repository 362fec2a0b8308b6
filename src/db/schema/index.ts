export * from './catalog';
export * from './orders';
export * from './policies';
export * from './returns';
export * from './integrations';
export * from './methods';
export * from './refurbishment';
export * from './recycling';
