#![allow(
    unsafe_code,
    reason = "a counting global allocator is the only way to observe allocation"
)]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
//! Deciding a request allocates nothing: 10,000 requests of the benchmark
//! workload under a global allocator that counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use polc_evaluator::json::parse_request;

#[path = "../benches/workload.rs"]
mod workload;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, i.e. from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn deciding_allocates_nothing() {
    let set = workload::policy_set();
    assert_eq!(set.len(), 1, "the workload policy compiles");
    let lines = workload::request_lines();
    let requests: Vec<_> = lines.iter().map(|l| parse_request(l).unwrap()).collect();
    let mut matched = Vec::with_capacity(64);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let mut allowed = 0usize;
    for r in &requests {
        allowed += usize::from(set.evaluate(r).is_allowed());
        set.evaluate_into(r, &mut matched);
    }
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    assert_eq!(
        after - before,
        0,
        "allocations while deciding 10,000 requests"
    );
    // The workload is what the benchmark says: about half allowed.
    assert!(
        (3_000..7_000).contains(&allowed),
        "{allowed} of 10,000 allowed"
    );
}
