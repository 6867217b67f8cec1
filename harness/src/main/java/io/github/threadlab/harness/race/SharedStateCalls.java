package io.github.threadlab.harness.race;

import java.util.Set;

/**
 * Calls on objects that hold state threads share: the JDK's collections, thread-safe or not, and the atomics. Each
 * such call is safe on a thread-safe object, but a query followed by an update is a check-then-act all the same
 * ({@code if (!claimed.contains(i)) claimed.add(i)}, {@code if (inFlight.get() < limit) inFlight.incrementAndGet()}):
 * another thread can act between the two. {@link WatchingRewrite} lingers after the queries of a method that also
 * updates, so that the other thread does.
 *
 * <p>Types are recognised by the name the call was compiled against (no class is loaded while rewriting), so the
 * lists name the interfaces and classes a solution declares its variables as.
 */
final class SharedStateCalls {

    private static final String ATOMICS = "java/util/concurrent/atomic/";
    private static final Set<String> COLLECTIONS = Set.of(
            "java/util/Collection", "java/util/List", "java/util/Set", "java/util/SortedSet",
            "java/util/NavigableSet", "java/util/Queue", "java/util/Deque", "java/util/Map", "java/util/SortedMap",
            "java/util/NavigableMap", "java/util/ArrayList", "java/util/LinkedList", "java/util/ArrayDeque",
            "java/util/PriorityQueue", "java/util/HashMap", "java/util/LinkedHashMap", "java/util/TreeMap",
            "java/util/HashSet", "java/util/LinkedHashSet", "java/util/TreeSet", "java/util/Vector",
            "java/util/Hashtable", "java/util/concurrent/ConcurrentMap", "java/util/concurrent/ConcurrentNavigableMap",
            "java/util/concurrent/ConcurrentHashMap", "java/util/concurrent/ConcurrentHashMap$KeySetView",
            "java/util/concurrent/ConcurrentSkipListMap", "java/util/concurrent/ConcurrentSkipListSet",
            "java/util/concurrent/CopyOnWriteArrayList", "java/util/concurrent/CopyOnWriteArraySet",
            "java/util/concurrent/ConcurrentLinkedQueue", "java/util/concurrent/ConcurrentLinkedDeque",
            "java/util/concurrent/BlockingQueue", "java/util/concurrent/BlockingDeque",
            "java/util/concurrent/LinkedBlockingQueue", "java/util/concurrent/LinkedBlockingDeque",
            "java/util/concurrent/ArrayBlockingQueue", "java/util/concurrent/PriorityBlockingQueue");
    private static final Set<String> QUERIES = Set.of("get", "getPlain", "getOpaque", "getAcquire", "intValue",
            "longValue", "sum", "contains", "containsKey", "containsValue", "isEmpty", "size", "peek", "peekFirst",
            "peekLast", "first", "last", "firstKey", "lastKey");
    private static final Set<String> UPDATES = Set.of("set", "setPlain", "setOpaque", "setRelease", "lazySet",
            "getAndSet", "incrementAndGet", "decrementAndGet", "getAndIncrement", "getAndDecrement", "addAndGet",
            "getAndAdd", "increment", "decrement", "add", "addAll", "addFirst", "addLast", "offer", "offerFirst",
            "offerLast", "push", "put", "putAll", "remove", "removeFirst", "removeLast", "poll", "pollFirst",
            "pollLast", "pop", "clear");

    private SharedStateCalls() {
    }

    /** A call that reads shared state a thread may then act on. */
    static boolean isQuery(String owner, String name) {
        return holdsSharedState(owner) && QUERIES.contains(name);
    }

    /** A call that changes shared state. */
    static boolean isUpdate(String owner, String name) {
        return holdsSharedState(owner) && UPDATES.contains(name);
    }

    private static boolean holdsSharedState(String owner) {
        return owner.startsWith(ATOMICS) || COLLECTIONS.contains(owner);
    }
}
