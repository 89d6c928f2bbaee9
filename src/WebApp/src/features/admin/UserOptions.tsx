import type { User } from "../../api/types";

/** One <option> per user, named so two people with the same name stay apart. */
export function UserOptions({ users }: { users: User[] | undefined }) {
  return (
    <>
      {users?.map((u) => (
        <option key={u.id} value={u.id}>
          {u.full_name ? `${u.full_name} (${u.email})` : u.email}
        </option>
      ))}
    </>
  );
}
