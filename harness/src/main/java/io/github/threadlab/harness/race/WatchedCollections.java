package io.github.threadlab.harness.race;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isFinal;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.invoke.MethodHandles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.SuperMethodCall;

/**
 * The watched stand-ins for the JDK's non-thread-safe collections: for each, a subclass generated once, named
 * {@code Watched<Name>} in this package, whose public methods run inside {@link WatchAdvice} and whose
 * constructors create its {@link Watch}. A subclass keeps every behaviour of the JDK class and is assignable
 * wherever the course's code expects it, so swapping {@code new ArrayList<>()} for {@code new WatchedArrayList<>()}
 * changes nothing but the watching.
 */
final class WatchedCollections {

    static final String FIELD = "threadlab$watch";

    /** The JDK classes watched: the ones a student reaches for to collect results from several threads. */
    private static final List<Class<?>> WATCHED = List.of(ArrayList.class, LinkedList.class, ArrayDeque.class,
            PriorityQueue.class, HashMap.class, LinkedHashMap.class, TreeMap.class, HashSet.class,
            LinkedHashSet.class, TreeSet.class);

    private final Map<String, String> replacements;

    private WatchedCollections(Map<String, String> replacements) {
        this.replacements = replacements;
    }

    /** Generates the subclasses into this package, in the harness's class loader, where course code can see them. */
    static WatchedCollections define() {
        MethodHandles.Lookup here = MethodHandles.lookup();
        Map<String, String> replacements = WATCHED.stream().collect(Collectors.toUnmodifiableMap(
                WatchedCollections::internalName, jdk -> internalName(define(jdk, here))));
        return new WatchedCollections(replacements);
    }

    /** The internal name of the watched stand-in for a JDK class's internal name, or null if it is not watched. */
    String replacementFor(String internalName) {
        return replacements.get(internalName);
    }

    private static Class<?> define(Class<?> jdk, MethodHandles.Lookup here) {
        try {
            return new ByteBuddy()
                    .subclass(jdk, ConstructorStrategy.Default.IMITATE_SUPER_CLASS_PUBLIC)
                    .name(WatchedCollections.class.getPackageName() + ".Watched" + jdk.getSimpleName())
                    .defineField(FIELD, Watch.class, Visibility.PRIVATE)
                    .method(isPublic().and(not(isStatic())).and(not(isFinal())).and(not(isDeclaredBy(Object.class)))
                            .and(not(named("clone"))))
                    .intercept(Advice.to(WatchAdvice.class).wrap(SuperMethodCall.INSTANCE))
                    .constructor(any())
                    .intercept(SuperMethodCall.INSTANCE.andThen(
                            MethodCall.invoke(Watch.class.getMethod("create", Object.class)).withThis()
                                    .setsField(named(FIELD))))
                    .make()
                    .load(WatchedCollections.class.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(here))
                    .getLoaded();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

}
