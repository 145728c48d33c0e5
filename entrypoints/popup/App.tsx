export function App() {
  return (
    <main>
      <h1>Venice Key Companion</h1>
      <p>popup</p>
    </main>
  );
}
