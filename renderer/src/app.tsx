/** The dashboard arrives with the app shell; until then the window says what exists today. */
export function App() {
  return (
    <main>
      <h1>Realmkeeper</h1>
      <p>The companies dashboard is not built yet. Today Realmkeeper runs its Intuit simulator.</p>
    </main>
  );
}
