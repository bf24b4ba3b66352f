// Entry of the ml-papers CLI (filled in by the CLI issue).
console.error('ml-papers CLI: not built yet');
