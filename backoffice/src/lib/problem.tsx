/** A refusal or failure in plain words, announced to screen readers; nothing when there is none. */
export function Problem({ text }: { text: string | null | undefined }) {
  return text ? (
    <p className="problem" role="alert">
      {text}
    </p>
  ) : null;
}
