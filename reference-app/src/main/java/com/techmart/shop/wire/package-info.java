/** The request and response bodies exchanged between the TechMart services. */
package com.techmart.shop.wire;
