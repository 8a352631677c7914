/**
 * Live regions for results and errors. The region stays in the DOM while empty, because
 * screen readers only announce changes inside a region that already existed.
 */
export function ErrorMessage({ message, id }: { message: string | null; id?: string }) {
  return (
    <div id={id} role="alert" className={message ? 'message error' : 'message-empty'}>
      {message}
    </div>
  );
}

export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div role="status" className={message ? 'message success' : 'message-empty'}>
      {message}
    </div>
  );
}
