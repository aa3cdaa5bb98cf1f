/** A labelled progress bar that also says its value in words. */
export function ProgressBar({ fraction, label }: { fraction: number; label: string }) {
  const percent = Math.round(fraction * 100);
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span className="progress__text">{percent}% done</span>
    </div>
  );
}
