package com.techmart.shop.payments;

import com.techmart.shop.web.ServiceUnavailableException;

/** The gateway failed; nothing was charged and the charge may be retried. */
public class GatewayUnavailableException extends ServiceUnavailableException {

  private static final long serialVersionUID = 1L;

  public GatewayUnavailableException(String message) {
    super("gateway_unavailable", message, null);
  }
}
