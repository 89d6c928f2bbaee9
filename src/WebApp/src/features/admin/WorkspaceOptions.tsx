import type { Workspace } from "../../api/types";

/** One <option> per workspace, by name, for a filter that narrows to one. */
export function WorkspaceOptions({ workspaces }: { workspaces: Workspace[] | undefined }) {
  return (
    <>
      {workspaces?.map((w) => (
        <option key={w.id} value={w.id}>
          {w.name}
        </option>
      ))}
    </>
  );
}
