export { openFileJournal, type FileJournalOptions } from './file-journal.js';
export { createFileDeadLetter } from './dead-letter.js';
