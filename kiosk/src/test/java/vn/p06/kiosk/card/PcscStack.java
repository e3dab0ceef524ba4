package vn.p06.kiosk.card;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension giving tests the {@link VirtualCardStack}: started on first use, shared by every
 * test class of the JVM (javax.smartcardio cannot survive a pcscd restart), stopped when the
 * test run ends. Each test inserts and pulls its own card.
 */
final class PcscStack implements ParameterResolver {

    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final VirtualCardStack stack;

        Holder(VirtualCardStack stack) {
            this.stack = stack;
        }

        @Override
        public void close() {
            stack.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == VirtualCardStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(ExtensionContext.Namespace.create(PcscStack.class))
                .getOrComputeIfAbsent("stack", k -> {
                    try {
                        return new Holder(VirtualCardStack.start());
                    } catch (Exception e) {
                        throw new IllegalStateException("could not start the PC/SC test stack", e);
                    }
                }, Holder.class).stack;
    }
}
