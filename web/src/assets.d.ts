// Vite bundles stylesheets imported from modules; TypeScript only needs to know they exist.
declare module '*.css';
