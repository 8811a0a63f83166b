/** zod must not probe `new Function` here: the CSP forbids eval and would report the attempt. */
import { z } from 'zod';

z.config({ jitless: true });
