package io.github.threadlab.harness.race;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The watched stand-ins for the JDK's non-thread-safe collections: for each, a subclass named
 * {@code Watched<Name>} in this package, generated once per JVM, whose constructors create its {@link Watch} and
 * whose every public method runs between {@link Watch#enter} and {@link Watch#exit} around the JDK's own. A
 * subclass keeps every behaviour of the JDK class and is assignable wherever the course's code expects it, so
 * swapping {@code new ArrayList<>()} for {@code new WatchedArrayList<>()} changes nothing but the watching.
 *
 * <p>Each override is, in Java:
 * <pre>{@code
 * public boolean add(Object e) {
 *     boolean entered = Watch.enter(this.threadlab$watch, this, "add");
 *     try {
 *         return super.add(e);
 *     } finally {
 *         Watch.exit(this.threadlab$watch, entered);
 *     }
 * }
 * }</pre>
 * written as bytecode here because there are some three hundred of them and they differ only in name and types.
 */
final class WatchedCollections {

    /** The JDK classes watched: the ones a student reaches for to collect results from several threads. */
    private static final List<Class<?>> WATCHED = List.of(ArrayList.class, LinkedList.class, ArrayDeque.class,
            PriorityQueue.class, HashMap.class, LinkedHashMap.class, TreeMap.class, HashSet.class,
            LinkedHashSet.class, TreeSet.class);

    /** Object's methods, which say nothing about a collection's contents. */
    private static final Set<String> NOT_WATCHED = Set.of("equals", "hashCode", "toString", "clone", "finalize");

    private static final String FIELD = "threadlab$watch";
    private static final String WATCH = Type.getInternalName(Watch.class);
    private static final String WATCH_DESCRIPTOR = Type.getDescriptor(Watch.class);

    private final Map<String, String> replacements;

    private WatchedCollections(Map<String, String> replacements) {
        this.replacements = replacements;
    }

    /** Defines the subclasses in this package, in the harness's class loader, where course code can see them. */
    static WatchedCollections define() {
        MethodHandles.Lookup here = MethodHandles.lookup();
        Map<String, String> replacements = WATCHED.stream().collect(Collectors.toUnmodifiableMap(
                Type::getInternalName, jdk -> Type.getInternalName(define(jdk, here))));
        return new WatchedCollections(replacements);
    }

    /** The internal name of the watched stand-in for a JDK class's internal name, or null if it is not watched. */
    String replacementFor(String internalName) {
        return replacements.get(internalName);
    }

    private static Class<?> define(Class<?> jdk, MethodHandles.Lookup here) {
        String name = WatchedCollections.class.getPackageName().replace('.', '/') + "/Watched" + jdk.getSimpleName();
        String parent = Type.getInternalName(jdk);
        ClassWriter type = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String one, String other) {
                return "java/lang/Object"; // only ever asked about the handler's Throwable; no class loading here
            }
        };
        type.visit(Opcodes.V21, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, parent, null);
        type.visitField(Opcodes.ACC_PRIVATE, FIELD, WATCH_DESCRIPTOR, null, null).visitEnd();
        for (Constructor<?> constructor : jdk.getConstructors()) {
            constructor(type, name, parent, Type.getConstructorDescriptor(constructor));
        }
        Set<String> done = new HashSet<>();
        for (Method method : jdk.getMethods()) {
            int modifiers = method.getModifiers();
            if (Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers) || method.isBridge()
                    || method.isSynthetic() || NOT_WATCHED.contains(method.getName())
                    || !done.add(method.getName() + Type.getMethodDescriptor(method))) {
                continue;
            }
            override(type, name, parent, method);
        }
        type.visitEnd();
        try {
            return here.defineClass(type.toByteArray());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Watched<Name>(args) { super(args); this.threadlab$watch = Watch.create(this); } } */
    private static void constructor(ClassWriter type, String name, String parent, String descriptor) {
        MethodVisitor code = type.visitMethod(Opcodes.ACC_PUBLIC, "<init>", descriptor, null, null);
        code.visitCode();
        code.visitVarInsn(Opcodes.ALOAD, 0);
        loadArguments(code, Type.getArgumentTypes(descriptor));
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, parent, "<init>", descriptor, false);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, WATCH, "create", "(Ljava/lang/Object;)" + WATCH_DESCRIPTOR, false);
        code.visitFieldInsn(Opcodes.PUTFIELD, name, FIELD, WATCH_DESCRIPTOR);
        code.visitInsn(Opcodes.RETURN);
        code.visitMaxs(0, 0);
        code.visitEnd();
    }

    /** The override shown in the class comment. */
    private static void override(ClassWriter type, String name, String parent, Method method) {
        String descriptor = Type.getMethodDescriptor(method);
        Type[] arguments = Type.getArgumentTypes(descriptor);
        Type result = Type.getReturnType(descriptor);
        String[] exceptions = Arrays.stream(method.getExceptionTypes()).map(Type::getInternalName)
                .toArray(String[]::new);
        MethodVisitor code = type.visitMethod(Opcodes.ACC_PUBLIC, method.getName(), descriptor, null, exceptions);
        int entered = 1 + Arrays.stream(arguments).mapToInt(Type::getSize).sum();
        int saved = entered + 1;
        Label start = new Label();
        Label end = new Label();
        Label failed = new Label();
        code.visitCode();
        code.visitTryCatchBlock(start, end, failed, null);
        if (Map.class.isAssignableFrom(method.getDeclaringClass()) && method.getName().equals("put")
                && arguments.length == 2) {
            putCall(code, name);
        } else {
            watchCall(code, name, "enter", method.getName());
        }
        code.visitVarInsn(Opcodes.ISTORE, entered);
        code.visitLabel(start);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        loadArguments(code, arguments);
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, parent, method.getName(), descriptor, false);
        code.visitLabel(end);
        if (result.getSort() != Type.VOID) {
            code.visitVarInsn(result.getOpcode(Opcodes.ISTORE), saved);
        }
        exitCall(code, name, entered);
        if (result.getSort() != Type.VOID) {
            code.visitVarInsn(result.getOpcode(Opcodes.ILOAD), saved);
        }
        code.visitInsn(result.getOpcode(Opcodes.IRETURN));
        code.visitLabel(failed);
        code.visitVarInsn(Opcodes.ASTORE, saved);
        exitCall(code, name, entered);
        code.visitVarInsn(Opcodes.ALOAD, saved);
        code.visitInsn(Opcodes.ATHROW);
        code.visitMaxs(0, 0);
        code.visitEnd();
    }

    /** {@code Watch.enter(this.threadlab$watch, this, method)} */
    private static void watchCall(MethodVisitor code, String name, String call, String method) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitFieldInsn(Opcodes.GETFIELD, name, FIELD, WATCH_DESCRIPTOR);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitLdcInsn(method);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, WATCH, call,
                "(" + WATCH_DESCRIPTOR + "Ljava/lang/Object;Ljava/lang/String;)Z", false);
    }

    /** {@code Watch.enterPut(this.threadlab$watch, this, key)} */
    private static void putCall(MethodVisitor code, String name) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitFieldInsn(Opcodes.GETFIELD, name, FIELD, WATCH_DESCRIPTOR);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitVarInsn(Opcodes.ALOAD, 1);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, WATCH, "enterPut",
                "(" + WATCH_DESCRIPTOR + "Ljava/lang/Object;Ljava/lang/Object;)Z", false);
    }

    /** {@code Watch.exit(this.threadlab$watch, entered)} */
    private static void exitCall(MethodVisitor code, String name, int entered) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitFieldInsn(Opcodes.GETFIELD, name, FIELD, WATCH_DESCRIPTOR);
        code.visitVarInsn(Opcodes.ILOAD, entered);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, WATCH, "exit", "(" + WATCH_DESCRIPTOR + "Z)V", false);
    }

    private static void loadArguments(MethodVisitor code, Type[] arguments) {
        int slot = 1;
        for (Type argument : arguments) {
            code.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
            slot += argument.getSize();
        }
    }
}
