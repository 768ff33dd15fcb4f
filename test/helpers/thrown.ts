/** What `attempt` throws, or 'no error'. */
export function thrown(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (err) {
    return err;
  }
  return 'no error';
}
