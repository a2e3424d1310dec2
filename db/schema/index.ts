export * from './auth';
export * from './contacts';
export * from './imports';
export * from './activity';
export * from './tokens';
