// VS Code extension entry (filled in by the extension issue).
export function activate(): void {}
export function deactivate(): void {}
