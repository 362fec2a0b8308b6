/** The customer returns portal (web/returns): scaffold, replaced by the portal itself. */
export function App() {
  return <main><h1>Returns</h1></main>;
}
