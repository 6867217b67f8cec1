package io.github.threadlab.harness.race;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

/**
 * Rewrites one method of a course class: {@code new ArrayList<>()} (and the other {@link WatchedCollections})
 * creates the watched stand-in instead, and a read of a field that is not final, or of an array element, is
 * followed by a call to {@link SharedReads#afterRead(int)}.
 *
 * <p>The stand-in is a subclass with the same constructors, so only the class named by {@code NEW} and by the
 * matching constructor call change; a {@code super(...)} call to a JDK collection's constructor (a course class
 * that extends {@code ArrayList}) has no {@code NEW} of its own and is left alone.
 */
final class WatchingRewrite {

    private static final AtomicInteger SITES = new AtomicInteger();
    private static final String SHARED_READS = Type.getInternalName(SharedReads.class);

    private final WatchedCollections collections;

    WatchingRewrite(WatchedCollections collections) {
        this.collections = collections;
    }

    /** Wraps the visitor of one method; {@code typePool} tells which fields are final. */
    MethodVisitor wrap(MethodVisitor methodVisitor, TypePool typePool) {
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
                }
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                super.visitFieldInsn(opcode, owner, name, descriptor);
                if ((opcode == Opcodes.GETFIELD || opcode == Opcodes.GETSTATIC)
                        && mayChange(typePool, owner, name)) {
                    afterRead();
                }
            }

            @Override
            public void visitInsn(int opcode) {
                super.visitInsn(opcode);
                if (opcode == Opcodes.IALOAD || opcode == Opcodes.LALOAD || opcode == Opcodes.AALOAD) {
                    afterRead();
                }
            }

            private void afterRead() {
                super.visitLdcInsn(SITES.incrementAndGet());
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SHARED_READS, "afterRead", "(I)V", false);
            }
        };
    }

    /** Whether the field may be written after construction: not final, or not found (then assume so). */
    private static boolean mayChange(TypePool typePool, String owner, String name) {
        TypePool.Resolution resolution = typePool.describe(owner.replace('/', '.'));
        if (!resolution.isResolved()) {
            return true;
        }
        for (FieldDescription.InDefinedShape field : resolution.resolve().getDeclaredFields()) {
            if (field.getName().equals(name)) {
                return !field.isFinal();
            }
        }
        return true;
    }
}
