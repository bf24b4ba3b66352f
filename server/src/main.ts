// Process entry of the language server (filled in by the server issue).
console.error('ml-papers language server: not built yet');
