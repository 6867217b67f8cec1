package io.github.threadlab.harness.race;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites one method of a course class: {@code new ArrayList<>()} (and the other {@link WatchedCollections})
 * creates the watched stand-in instead, and an access that opens a race window is followed by a call to
 * {@link SharedAccess}, where it may linger:
 * <ul>
 *   <li>a read of a field that the same method also writes ({@code count++}, {@code if (first == null) first = x}),
 *   or of an element of an int, long or reference array in a method that also stores into one
 *   ({@code next[0]++});</li>
 *   <li>a query of a collection or an atomic in a method that also updates one: a check-then-act made of
 *   thread-safe calls ({@code if (!claimed.contains(i)) claimed.add(i)}, see {@link SharedStateCalls});</li>
 *   <li>a write of a field that another method of the class reads: a value handed over to code that may run on
 *   another thread (a lambda that stores a result for another lambda to pick up).</li>
 * </ul>
 * Other accesses never linger: a correct solution's reads of its own configuration or of a flag are left alone,
 * so watching costs it little.
 *
 * <p>The stand-in is a subclass with the same constructors, so only the class named by {@code NEW} and by the
 * matching constructor call change; a {@code super(...)} call to a JDK collection's constructor (a course class
 * that extends {@code ArrayList}) has no {@code NEW} of its own and is left alone.
 */
final class WatchingRewrite {

    private static final AtomicInteger SITES = new AtomicInteger();
    private static final String SHARED_ACCESS = Type.getInternalName(SharedAccess.class);

    private final WatchedCollections collections;

    WatchingRewrite(WatchedCollections collections) {
        this.collections = collections;
    }

    /**
     * What one method reads and writes: fields as {@code owner.name}, array stores as their opcodes' element kind,
     * and (once {@link #handOffs} is called) which of its field writes another method of the class reads.
     */
    static final class Writes {
        private final Set<String> fields = new HashSet<>();
        private final Set<String> fieldsRead = new HashSet<>();
        private final Set<Integer> arrayLoads = new HashSet<>();
        private final Set<String> handOffs = new HashSet<>();
        private boolean updatesSharedState;

        /** Records, for a first pass over the method, what it stores and which fields it reads. */
        MethodVisitor recording() {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                    if (opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC) {
                        fields.add(owner + "." + name);
                    } else {
                        fieldsRead.add(owner + "." + name);
                    }
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                        boolean isInterface) {
                    updatesSharedState |= SharedStateCalls.isUpdate(owner, name);
                }

                @Override
                public void visitInsn(int opcode) {
                    switch (opcode) {
                        case Opcodes.IASTORE -> arrayLoads.add(Opcodes.IALOAD);
                        case Opcodes.LASTORE -> arrayLoads.add(Opcodes.LALOAD);
                        case Opcodes.AASTORE -> arrayLoads.add(Opcodes.AALOAD);
                        default -> { }
                    }
                }
            };
        }

        /** Marks the fields this method writes that one of {@code others} (the class's other methods) reads. */
        void handOffs(Collection<Writes> others) {
            for (Writes other : others) {
                if (other != this) {
                    other.fieldsRead.stream().filter(fields::contains).forEach(handOffs::add);
                }
            }
        }
    }

    /** Wraps the visitor of one method, given what the {@linkplain Writes first pass} saw it write. */
    MethodVisitor wrap(MethodVisitor methodVisitor, Writes writes) {
        return new MethodVisitor(Opcodes.ASM9, methodVisitor) {
            /** The stand-ins whose NEW was rewritten and whose constructor call is still to come, innermost first. */
            private final Deque<String> pending = new ArrayDeque<>();

            @Override
            public void visitTypeInsn(int opcode, String type) {
                String replacement = opcode == Opcodes.NEW ? collections.replacementFor(type) : null;
                if (replacement != null) {
                    pending.push(type);
                    super.visitTypeInsn(opcode, replacement);
                } else {
                    super.visitTypeInsn(opcode, type);
                }
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>") && owner.equals(pending.peek())) {
                    pending.pop();
                    super.visitMethodInsn(opcode, collections.replacementFor(owner), name, descriptor, isInterface);
                } else {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    if (writes.updatesSharedState && SharedStateCalls.isQuery(owner, name)) {
                        afterAccess("afterRead");
                    }
                }
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                super.visitFieldInsn(opcode, owner, name, descriptor);
                String field = owner + "." + name;
                boolean read = opcode == Opcodes.GETFIELD || opcode == Opcodes.GETSTATIC;
                if (read && writes.fields.contains(field)) {
                    afterAccess("afterRead");
                } else if (!read && writes.handOffs.contains(field)) {
                    afterAccess("afterWrite");
                }
            }

            @Override
            public void visitInsn(int opcode) {
                super.visitInsn(opcode);
                if (writes.arrayLoads.contains(opcode)) {
                    afterAccess("afterRead");
                }
            }

            private void afterAccess(String call) {
                super.visitLdcInsn(SITES.incrementAndGet());
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SHARED_ACCESS, call, "(I)V", false);
            }
        };
    }
}
