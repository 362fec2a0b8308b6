// Monaco's editor, JSON and GraphQL workers, bundled by Vite as files of this build (no CDN): GraphiQL 5 needs them.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './ide.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Ide } from './Ide';

createRoot(document.getElementById('root')!).render(<StrictMode><Ide /></StrictMode>);
