// Vite bundles stylesheets imported from modules; TypeScript only needs to know they exist.
declare module '*.css';

// Vite copies a file imported with ?url into the bundle and returns its public URL.
declare module '*?url' {
  const url: string;
  export default url;
}
