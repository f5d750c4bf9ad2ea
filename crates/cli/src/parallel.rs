//! Independent work spread over a few threads, with the results in the
//! order of the work: `polc check` of many files.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The stack of a worker thread: as large as the main thread's usual
/// one, so that an input checks the same on any thread.
const STACK: usize = 8 << 20;

/// How many threads to use when none is asked for: the machine's
/// parallelism, at most 8; one when the process's memory is limited
/// (`ulimit -v` or `-d`), since each thread of the C library's allocator
/// reserves its own address space (tens of MiB), and an allocation that
/// fails ends the process.
pub fn default_threads() -> usize {
    if memory_limited() {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Whether the address space or the data segment of the process is
/// limited (Linux: `/proc/self/limits`; elsewhere, not known: no).
fn memory_limited() -> bool {
    std::fs::read_to_string("/proc/self/limits").is_ok_and(|limits| limits_memory(&limits))
}

/// [`memory_limited`] of the text of `/proc/self/limits`.
fn limits_memory(limits: &str) -> bool {
    limits.lines().any(|line| {
        (line.starts_with("Max address space") || line.starts_with("Max data size"))
            && line.split_whitespace().nth(3) != Some("unlimited")
    })
}

/// `f` applied to every item, on up to `threads` threads (the calling
/// one among them), each taking the next item not yet taken; the results
/// come back in the order of `items`. A panic in `f` is raised again
/// here. A thread that cannot be started leaves its share to the others.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, f(item)));
        }
    };
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut parts = vec![work()];
        for worker in workers {
            parts.push(
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        parts
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (index, result) in parts.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(index) {
            *slot = Some(result);
        }
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::map;

    /// Review 33: under `ulimit -v`, eight threads' allocators ended the
    /// process where one thread fits; a limited process checks on one.
    #[test]
    fn a_memory_limit_is_read_from_the_limits() {
        let limits = |space: &str, data: &str| {
            format!(
                "Limit                     Soft Limit           Hard Limit           Units     \n\
                 Max data size             {data:<20} unlimited            bytes     \n\
                 Max stack size            8388608              unlimited            bytes     \n\
                 Max address space         {space:<20} unlimited            bytes     \n"
            )
        };
        assert!(!super::limits_memory(&limits("unlimited", "unlimited")));
        assert!(super::limits_memory(&limits("409600000", "unlimited")));
        assert!(super::limits_memory(&limits("unlimited", "409600000")));
        if let Ok(own) = std::fs::read_to_string("/proc/self/limits") {
            assert!(own.contains("Max address space") && own.contains("Max data size"));
        }
    }

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [0, 1, 2, 7] {
            let squares = map(&items, threads, |n| n * n);
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        }
        assert!(map(&[] as &[u8], 4, |b| *b).is_empty());
    }
}
