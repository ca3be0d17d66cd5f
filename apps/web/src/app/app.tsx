export function App() {
  return (
    <main>
      <h1>LabForge</h1>
      <p>Build Proxmox VE virtual machines and templates from ISO images.</p>
    </main>
  );
}
