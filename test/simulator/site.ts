/**
 * The Venice-site stand-in: the page the injected-wallet transport opens and injects into.
 * It has no wallet of its own; tests inject one (EIP-6963 / window.ethereum).
 */
export function sitePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Venice (simulator)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f}</style>
</head>
<body>
<main>
<h1>Venice (simulator)</h1>
<p>This page stands in for the Venice web app during development and tests. The Venice Key
Companion extension uses it as the origin for talking to a wallet injected into the page.</p>
</main>
</body>
</html>
`;
}
