// The form-wide part of a problem the API answered (no field named), announced politely.
export function FormError({ message }: { message: string | null }) {
  return (
    <div role="alert" aria-live="polite">
      {message && <p class="form-error">{message}</p>}
    </div>
  );
}
