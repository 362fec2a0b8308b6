/** The warehouse console (web/console): scaffold, replaced by the console itself. */
export function App() {
  return <main><h1>Warehouse console</h1></main>;
}
