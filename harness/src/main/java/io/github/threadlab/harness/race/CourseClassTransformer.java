package io.github.threadlab.harness.race;

import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Applies the {@link WatchingRewrite} to the course's code under test as it loads: classes in packages
 * {@code io.github.threadlab.*}, but not the harness, the corpus runner or the grader, and not test classes (loaded
 * from a {@code test-classes} folder): the tests' own collections and counters are the test's business, and
 * watching them would only cost time.
 *
 * <p>Guaranteed: a class that cannot be rewritten loads unchanged (the failure is printed once), so the watch can
 * make a run slower but never stop it.
 */
final class CourseClassTransformer implements ClassFileTransformer {

    private static final String COURSE = "io/github/threadlab/";

    private final WatchingRewrite rewrite;
    private volatile boolean failedBefore;

    CourseClassTransformer(WatchingRewrite rewrite) {
        this.rewrite = rewrite;
    }

    static boolean isCourseCode(String internalName, ProtectionDomain domain) {
        return internalName != null && internalName.startsWith(COURSE)
                && !internalName.startsWith(COURSE + "harness/") && !internalName.startsWith(COURSE + "corpus/")
                && !internalName.startsWith(COURSE + "grader/") && !isTestClass(domain);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (!isCourseCode(className, protectionDomain)) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfileBuffer);
            Map<String, WatchingRewrite.Writes> writes = new HashMap<>();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    return writes.computeIfAbsent(name + descriptor, m -> new WatchingRewrite.Writes()).recording();
                }
            }, ClassReader.SKIP_DEBUG);
            // A field a method writes and another method reads may be a hand-off between threads; a constructor's
            // reads are not (its object is not shared yet).
            List<WatchingRewrite.Writes> methods = writes.entrySet().stream()
                    .filter(method -> !isConstructor(method.getKey())).map(Map.Entry::getValue).toList();
            methods.forEach(method -> method.handOffs(methods));
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                    // A constructor's object is not shared yet: its reads never linger.
                    WatchingRewrite.Writes its = isConstructor(name) ? new WatchingRewrite.Writes()
                            : writes.get(name + descriptor);
                    return rewrite.wrap(method, its);
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException | LinkageError e) {
            if (!failedBefore) {
                failedBefore = true;
                System.err.println("threadlab: the race watch left " + className + " unwatched: " + e);
            }
            return null;
        }
    }

    private static boolean isConstructor(String methodName) {
        return methodName.startsWith("<init>") || methodName.startsWith("<clinit>");
    }

    private static boolean isTestClass(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        if (source == null || source.getLocation() == null) {
            return false;
        }
        String location = source.getLocation().getPath();
        return location.endsWith("/test-classes/") || location.endsWith("/test-classes");
    }
}
