import '@/assets/base.css';
import { render } from 'preact';
import { App } from './App';

const root = document.getElementById('app');
if (root) render(<App requestId={new URLSearchParams(location.search).get('request') ?? ''} />, root);
