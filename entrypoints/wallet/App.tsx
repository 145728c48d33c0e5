export function App() {
  return (
    <main>
      <h1>Venice Key Companion</h1>
      <p>wallet</p>
    </main>
  );
}
