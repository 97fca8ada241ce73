/** App and CLI code import the one error-message helper from here; it lives in core so adapters and the UI share it. */
export { errorMessage } from '../core/error-message.js';
