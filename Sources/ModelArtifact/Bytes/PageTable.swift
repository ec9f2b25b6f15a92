/// Which pages of a demand-paged file are there, which are on their way, and what a fault or a
/// hint should fetch: the paging policy, free of system calls so that it can be tested alone.
///
/// Pages are `pageSize` bytes (the last one shorter). A fault on a missing page fetches a run of
/// missing pages starting there: `firstPages` at the start of the file, then a window that doubles
/// while faults follow one another (the page before was fetched) up to `maxRequest`, and one page
/// for a fault elsewhere. A hint (`MappedFile.advise(.willNeed)`) fetches every missing run of its
/// range, each run one request.
struct PageTable {
    enum State: UInt8 { case missing, pending, present }

    /// What a fault calls for.
    enum FaultPlan: Equatable {
        /// Fetch these bytes (pages marked pending).
        case fetch(Range<Int>)
        /// The page is on its way: its fill will wake the reader.
        case wait
        /// The page is there already (the fault raced its fill): wake the reader over `range`.
        case wake(Range<Int>)
    }

    let size: Int
    let policy: DemandPaging
    private var states: [State]
    private var window = 1

    init(size: Int, policy: DemandPaging) {
        self.size = size
        self.policy = policy
        states = Array(repeating: .missing, count: (size + policy.pageSize - 1) / policy.pageSize)
    }

    /// The bytes of page `index`.
    func bytes(of index: Int) -> Range<Int> {
        (index * policy.pageSize)..<min((index + 1) * policy.pageSize, size)
    }

    /// The bytes of pages `pages`.
    func bytes(of pages: Range<Int>) -> Range<Int> {
        bytes(of: pages.lowerBound).lowerBound..<bytes(of: pages.upperBound - 1).upperBound
    }

    /// What to do for a fault at byte `offset`.
    mutating func fault(at offset: Int) -> FaultPlan {
        let page = min(max(offset, 0) / policy.pageSize, states.count - 1)
        switch states[page] {
        case .pending: return .wait
        case .present: return .wake(bytes(of: page))
        case .missing: break
        }
        let pagesPerRequest = max(1, policy.maxRequest / policy.pageSize)
        if page == 0 {
            window = max(1, policy.firstPages)
        } else if states[page - 1] != .missing {
            window = min(window * 2, pagesPerRequest)
        } else {
            window = 1
        }
        return .fetch(bytes(of: take(from: page, upTo: window)))
    }

    /// The requests that bring every missing page of `range` (each run of missing pages one
    /// request, at most `maxRequest` bytes).
    mutating func prefetch(_ range: Range<Int>) -> [Range<Int>] {
        let clamped = range.clamped(to: 0..<size)
        guard !clamped.isEmpty else { return [] }
        let first = clamped.lowerBound / policy.pageSize
        let last = (clamped.upperBound - 1) / policy.pageSize
        let pagesPerRequest = max(1, policy.maxRequest / policy.pageSize)
        var requests: [Range<Int>] = []
        var page = first
        while page <= last {
            guard states[page] == .missing else { page += 1; continue }
            let run = take(from: page, upTo: min(pagesPerRequest, last - page + 1))
            requests.append(bytes(of: run))
            page = run.upperBound
        }
        return requests
    }

    /// Marks the pages of `range` (as a fetch returned them) present.
    mutating func settle(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        for page in (range.lowerBound / policy.pageSize)...((range.upperBound - 1) / policy.pageSize) {
            states[page] = .present
        }
    }

    /// Marks pending, and returns, the run of missing pages from `page`, at most `count` long.
    private mutating func take(from page: Int, upTo count: Int) -> Range<Int> {
        var end = page
        while end < states.count, end - page < count, states[end] == .missing {
            states[end] = .pending
            end += 1
        }
        return page..<end
    }
}
