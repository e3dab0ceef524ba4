import { page } from '/ui/app.js';

await page('content', 'CONTENT_READ');
