import '@/assets/base.css';
import './leak.css';
import { render } from 'preact';
import { App, redeemTicket } from './App';

// `npm run bench`: when the window's code starts (the leak-check breakdown).
performance.mark('vkc:leak-script');
// Asked before the first render: the answer travels while the page renders.
const answer = redeemTicket();
const root = document.getElementById('app');
if (root) render(<App answer={answer} />, root);
