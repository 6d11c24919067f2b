// The TechMart storefront: product list, product page, cart, checkout and confirmation, order
// lookup. Hash routes keep it one static page; each user action is one journey (telemetry.js).
import { ExpectedOutcome, flushTelemetry, inJourney, journey } from './telemetry.js';

const app = () => document.getElementById('app');
const CART = 'techmart.cart';

function cart() {
  try {
    return JSON.parse(sessionStorage.getItem(CART)) ?? [];
  } catch {
    return [];
  }
}
function saveCart(items) {
  sessionStorage.setItem(CART, JSON.stringify(items));
  document.getElementById('cart-count').textContent = String(items.reduce((n, i) => n + i.quantity, 0));
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}
function show(...children) {
  app().replaceChildren(...children);
}
const money = (cents, currency) => `${(cents / 100).toFixed(2)} ${currency}`;

/** The api's answer; a 4xx is an expected outcome (shown to the shopper), a 5xx an error. */
async function call(ctx, url, init) {
  const response = await inJourney(ctx, url, init);
  const body = await response.json().catch(() => ({}));
  if (response.status >= 500) {
    show(el('p', { id: 'error', class: 'error' }, 'Something went wrong on our side. Please try again.'));
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  if (response.status >= 400) {
    throw new ExpectedOutcome(response.status, body.message ?? `HTTP ${response.status}`);
  }
  return body;
}

function problem(e) {
  if (e instanceof ExpectedOutcome) {
    app().prepend(el('p', { id: 'problem', class: 'error' }, e.message));
  }
  throw e;
}

const products = () => journey('product-discovery', async (ctx) => {
  const list = await call(ctx, '/api/products');
  show(el('h1', {}, 'Products'), el('ul', { id: 'products' }, ...list.map((p) => el('li', {},
    el('a', { class: 'product', href: `#/products/${p.id}`, 'data-id': String(p.id) }, p.name),
    ` ${money(p.priceCents, p.currency)}`,
    p.available > 0 ? '' : ' (sold out)'))));
});

const product = (id) => journey('product-discovery', async (ctx) => {
  const p = await call(ctx, `/api/products/${encodeURIComponent(id)}`).catch((e) => {
    show(el('p', {}, el('a', { href: '#/' }, 'Back to the products')));
    return problem(e);
  });
  const quantity = el('input', { id: 'quantity', type: 'number', min: '1', max: '10', value: '1' });
  show(el('h1', { id: 'product-name' }, p.name), el('p', {}, p.description),
    el('p', {}, money(p.priceCents, p.currency), ` · ${p.available} in stock`),
    el('label', {}, 'Quantity ', quantity),
    el('button', {
      id: 'add-to-cart',
      onclick: () => {
        const items = cart();
        items.push({ productId: p.id, name: p.name, quantity: Math.max(1, Math.min(10, Number(quantity.value) || 1)),
          priceCents: p.priceCents, currency: p.currency });
        saveCart(items);
        location.hash = '#/cart';
      },
    }, 'Add to cart'));
});

function showCart() {
  const items = cart();
  if (items.length === 0) {
    show(el('h1', {}, 'Cart'), el('p', {}, 'Your cart is empty. ', el('a', { href: '#/' }, 'Browse the products')));
    return;
  }
  const customer = el('input', { id: 'customer', value: 'shopper-1', maxlength: '64' });
  const method = el('select', { id: 'payment-method' }, ...['card', 'paypal', 'gift-card'].map((m) => el('option', { value: m }, m)));
  // The simulated gateway reads test tokens (tok_decline, tok_slow, ...); any other token pays.
  const token = el('input', { id: 'payment-token', value: 'tok_visa', maxlength: '64' });
  show(el('h1', {}, 'Cart'),
    el('ul', { id: 'cart' }, ...items.map((i) => el('li', {}, `${i.quantity} × ${i.name}`))),
    el('label', {}, 'Customer ', customer), el('label', {}, 'Payment ', method), el('label', {}, 'Card token ', token),
    el('button', { id: 'place-order', onclick: () => checkout(customer.value, method.value, token.value) }, 'Place order'));
}

const checkout = (customerId, paymentMethod, paymentToken) => journey('checkout', async (ctx) => {
  document.getElementById('place-order').disabled = true;
  const order = await call(ctx, '/api/orders', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customerId, paymentMethod, paymentToken,
      items: cart().map((i) => ({ productId: i.productId, quantity: i.quantity })) }),
  }).catch((e) => {
    showCart();
    return problem(e);
  });
  const names = new Map(cart().map((i) => [i.productId, i.name]));
  saveCart([]);
  history.replaceState(null, '', `#/orders/${order.orderId}`);
  show(el('h1', { id: 'confirmation' }, 'Thank you for your order'),
    el('p', {}, 'Order ', el('code', { id: 'order-id' }, order.orderId), ` · ${order.status}`),
    orderLines(order, names),
    el('p', {}, el('a', { href: '#/orders' }, 'Look an order up'), ' · ', el('a', { href: '#/' }, 'Keep shopping')));
});

function orderLines(order, names = new Map()) {
  return el('div', {},
    el('ul', {}, ...order.items.map((i) => el('li', {}, `${i.quantity} × ${names.get(i.productId) ?? `product ${i.productId}`} at ${money(i.unitPriceCents, order.currency)}`))),
    el('p', { id: 'order-total' }, `Total ${money(order.totalCents, order.currency)}`));
}

function showLookup(prefill = '') {
  const id = el('input', { id: 'lookup-id', value: prefill, size: '40', maxlength: '36' });
  const result = el('div', { id: 'lookup-result' });
  show(el('h1', {}, 'Look an order up'), el('label', {}, 'Order id ', id),
    el('button', { id: 'lookup', onclick: () => lookup(id.value.trim(), result) }, 'Look up'), result);
}

const lookup = (id, result) => journey('order-lookup', async (ctx) => {
  const order = await call(ctx, `/api/orders/${encodeURIComponent(id)}`).catch((e) => {
    result.replaceChildren(el('p', { id: 'problem', class: 'error' }, e instanceof ExpectedOutcome ? 'No such order.' : 'Try again.'));
    throw e;
  });
  result.replaceChildren(el('p', {}, 'Status ', el('strong', { id: 'order-status' }, order.status),
    ` · placed ${new Date(order.acceptedAt).toLocaleString()}`), orderLines(order));
});

function route() {
  const hash = location.hash || '#/';
  const m = hash.match(/^#\/products\/([^/]+)$/);
  if (m) return product(m[1]);
  if (hash === '#/cart') return showCart();
  if (hash === '#/orders') return showLookup();
  const o = hash.match(/^#\/orders\/([^/]+)$/);
  if (o) return showLookup(decodeURIComponent(o[1]));
  return products();
}

addEventListener('hashchange', route);
addEventListener('DOMContentLoaded', () => {
  saveCart(cart());
  route();
});
// Lets a test (or a curious shopper) push buffered spans out now instead of in the next batch.
window.techmartFlushTelemetry = flushTelemetry;
