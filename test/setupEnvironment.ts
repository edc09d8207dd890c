// Tests keep persisted results in a fresh in-memory storage per engine unless a test chooses a storage itself,
// so no test writes to ~/.flowcache and no test sees another's results.
process.env.FLOWCACHE_RESULTS_DEFAULT_STORAGE ??= 'memory://tests';
