package io.github.threadlab.harness.race;

import net.bytebuddy.jar.asm.Opcodes;

/**
 * How many locks the code of one method holds at each instruction, counted in the order of the instructions as a
 * rewrite visits them: {@code monitorenter} and {@code Lock.lock()} take one, {@code monitorexit} and
 * {@code Lock.unlock()} release one. Code that holds a lock is guarded; lingering there would only hold up the
 * threads waiting for it.
 *
 * <p>Instruction order is not control flow: javac puts a release before every way out of a guarded block (an
 * early {@code return}, the exception handler that rethrows), and the code after such a path is still guarded. So
 * a release followed (after loads) by a return or a throw ends only that path and is not counted. What is left
 * approximate errs towards "not guarded", which costs a linger, never a missed race.
 */
final class HeldLocks {

    private int held;
    private boolean releasePending;

    HeldLocks(boolean synchronizedMethod) {
        held = synchronizedMethod ? 1 : 0;
    }

    /** Called before each instruction is visited, with its opcode. */
    void before(int opcode) {
        if (!releasePending || isLoad(opcode)) {
            return;
        }
        releasePending = false;
        if (!endsThePath(opcode)) {
            held = Math.max(0, held - 1);
        }
    }

    void taken() {
        held++;
    }

    void released() {
        releasePending = true;
    }

    /** Whether the instruction about to be visited holds a lock (call after {@link #before}). */
    boolean guarded() {
        return held > 0 || releasePending;
    }

    private static boolean isLoad(int opcode) {
        return opcode >= Opcodes.ILOAD && opcode <= Opcodes.ALOAD;
    }

    private static boolean endsThePath(int opcode) {
        return opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN || opcode == Opcodes.ATHROW;
    }
}
