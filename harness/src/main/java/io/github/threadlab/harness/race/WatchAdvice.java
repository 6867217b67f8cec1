package io.github.threadlab.harness.race;

import net.bytebuddy.asm.Advice;

/**
 * Wrapped around every public method of a watched collection (see {@link WatchedCollections}). Byte Buddy
 * copies these two methods' code into the generated class, so they stay small.
 */
final class WatchAdvice {

    private WatchAdvice() {
    }

    @Advice.OnMethodEnter
    static boolean enter(@Advice.This Object self, @Advice.FieldValue(WatchedCollections.FIELD) Watch watch,
            @Advice.Origin("#m") String method) {
        // null while a JDK constructor calls an overridable method (e.g. TreeSet(Collection) calls addAll).
        return watch != null && watch.enter(self, method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue(WatchedCollections.FIELD) Watch watch, @Advice.Enter boolean entered) {
        if (entered) {
            watch.exit();
        }
    }
}
